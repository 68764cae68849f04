using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line (BenchmarkDotNet's --filter, --job and so on).
BenchmarkSwitcher.FromAssembly(typeof(Honeytoken.Benchmarks.RoutingBenchmarks).Assembly).Run(args);
