"""Word documents per Nghị định 30/2020: contexts and rendering."""
