// Each scenario runs a whole cluster of processes; two at once would starve a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
