// Each collection starts a whole cluster, Api and emulator; running two at once on a small
// machine only makes both slower.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
