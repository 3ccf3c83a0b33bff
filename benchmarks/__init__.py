"""City-scale benchmarks for ttdn (issue #8).

``python -m benchmarks`` generates synthetic SAMPLE data (:mod:`benchmarks.generate`) into a
temporary folder and times the real CLI against baselines measured in the same run.
"""
