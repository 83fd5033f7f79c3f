"""Entity properties: JSON values apps store on issues, projects, users, comments and more."""
