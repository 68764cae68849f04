// The tests start Orleans clusters with membership timeouts of a second or two. Running them
// one at a time keeps two cores from starving a silo into a false death declaration.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
