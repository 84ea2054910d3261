// Strongest links of a person: whom and what they are mentioned with, and where they work.
// Runs on: Ladybug and Neo4j.
// @param name = "侯春生"
MATCH (p:Entity)-[c:CO_MENTIONED|AFFILIATED_WITH]-(n:Entity)
WHERE p.type = 'PERSON' AND (p.name = $name OR $name IN p.aliases)
RETURN n.name AS linked, n.type AS type, c.weight AS weight
ORDER BY weight DESC, linked
LIMIT 20
