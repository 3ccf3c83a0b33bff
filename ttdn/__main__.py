from ttdn.console import run

run()
