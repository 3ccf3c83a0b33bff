"""Excel workbooks of the appendix: :mod:`.export` writes them, :mod:`.columns` is the layout
shared with the import of filled-in workbooks (:mod:`ttdn.edit.xlsx_import`)."""
