// Documents and articles that mention two given entities (names or aliases).
// Runs on: Ladybug and Neo4j.
// @param a = "济宁市公共卫生医疗中心"
// @param b = "济宁"
MATCH (d:Document)-[:HAS_ARTICLE]->(art:Article)-[:MENTIONS]->(x:Entity)
MATCH (art)-[:MENTIONS]->(y:Entity)
WHERE (x.name = $a OR $a IN x.aliases) AND (y.name = $b OR $b IN y.aliases)
RETURN DISTINCT d.path AS document, art.title AS article
ORDER BY document, article
