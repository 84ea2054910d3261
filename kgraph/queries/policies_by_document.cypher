// Policies and documents (《…》) cited in each newspaper file.
// Runs on: Ladybug and Neo4j.
MATCH (d:Document)-[:HAS_ARTICLE]->(:Article)-[:MENTIONS]->(p:Entity)
WHERE p.type = 'POLICY'
RETURN d.path AS document, collect(DISTINCT p.name) AS policies
ORDER BY document
