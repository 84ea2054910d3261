// Organization hierarchy: units that are part of a larger organization (PART_OF).
// Runs on: Ladybug and Neo4j.
MATCH (child:Entity)-[:PART_OF]->(parent:Entity)
RETURN parent.name AS parent, collect(child.name) AS parts, count(child) AS n
ORDER BY n DESC, parent
