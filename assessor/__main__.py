from assessor.cli import main

if __name__ == "__main__":  # guarded: worker processes re-import the main module
    main(prog_name="python -m assessor")
