// Find entities whose name contains a text, with type, aliases and counts.
// Runs on: Ladybug and Neo4j.
// @param text = "医院"
MATCH (e:Entity)
WHERE e.name CONTAINS $text
RETURN e.name AS name, e.type AS type, e.aliases AS aliases, e.mentions AS mentions, e.documents AS documents
ORDER BY mentions DESC, name
LIMIT 50
