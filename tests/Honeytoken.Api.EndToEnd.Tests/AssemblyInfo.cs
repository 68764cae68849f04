// The test starts an Orleans cluster with short membership timeouts; running alone keeps two
// cores from starving its silo.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
