"""ttdn — theo dõi Kế hoạch thông tin đối ngoại (TTĐN) thành phố Hà Nội.

Library first: the modules here (model, loader, validate, schedule, progress, reports…)
do the work; :mod:`ttdn.cli` only parses options and prints.
"""

__version__ = "0.1.0"
