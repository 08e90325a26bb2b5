"""The benchmark: `make bench` (see docs/benchmarks.md). Not a test; it prints figures."""
