// New entities in the last import: entities first mentioned by the documents it added.
// Runs on: Ladybug and Neo4j.
MATCH (d:Document)
WITH max(d.imported) AS last
MATCH (e:Entity)
WHERE e.first_import = last
RETURN e.name AS name, e.type AS type, e.mentions AS mentions
ORDER BY mentions DESC, name
