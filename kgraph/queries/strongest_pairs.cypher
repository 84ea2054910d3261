// Strongest co-mention pairs: sentences together, articles together, NPMI.
// Runs on: Ladybug and Neo4j.
// @param min_weight = 1
MATCH (a:Entity)-[c:CO_MENTIONED]->(b:Entity)
WHERE c.weight >= $min_weight
RETURN a.name AS source, b.name AS target, c.weight AS sentences, c.articles AS articles, c.npmi AS npmi
ORDER BY sentences DESC, npmi DESC, source, target
LIMIT 25
