"""The Sheets formula engine: a lark grammar, an evaluator over a workbook, the functions."""
