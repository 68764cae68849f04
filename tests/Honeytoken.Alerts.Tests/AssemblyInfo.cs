// Each test class starts an Orleans cluster with membership timeouts of a second or two.
// Running them one at a time keeps two cores from starving a silo into a false death.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
