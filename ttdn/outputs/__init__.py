"""What ttdn produces from the data: documents, diffs, workbooks, calendars, tables."""
