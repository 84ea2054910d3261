// The alias table: every entity known under more than one name, with its other names.
// Runs on: Ladybug and Neo4j. `kgraph aliases` prints it.
MATCH (e:Entity)
WHERE size(e.aliases) > 0
RETURN e.name AS name, e.type AS type, e.aliases AS aliases, e.documents AS documents
ORDER BY type, name
