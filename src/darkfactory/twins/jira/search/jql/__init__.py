"""JQL, the Jira Query Language: a lark grammar, its operands and an evaluator over issues."""
