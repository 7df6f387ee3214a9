"""Test support: the local news site used by end-to-end tests and benchmarks."""
