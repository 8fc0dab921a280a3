"""Benchmarks: ratios against simple baselines measured in one run (`make bench`)."""
