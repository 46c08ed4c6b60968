from assessor.cli import run

if __name__ == "__main__":  # guarded: worker processes re-import the main module
    run(prog_name="python -m assessor")
