// What co-occurs with a program, by document date (documents without a date sort first).
// Runs on: Ladybug and Neo4j.
// @param program = "1323工作法"
MATCH (p:Entity)<-[:MENTIONS]-(a:Article)<-[:HAS_ARTICLE]-(d:Document)
MATCH (a)-[:MENTIONS]->(n:Entity)
WHERE (p.name = $program OR $program IN p.aliases) AND n.id <> p.id
RETURN d.date AS date, d.path AS document, n.name AS co_occurring, n.type AS type
ORDER BY date, document, co_occurring
