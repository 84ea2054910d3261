// Neighbours of a named entity (name or alias), with the evidence sentences of each link.
// Runs on: Ladybug and Neo4j.
// @param name = "济宁市公共卫生医疗中心"
MATCH (e:Entity)-[c:CO_MENTIONED]-(n:Entity)
WHERE e.name = $name OR $name IN e.aliases
RETURN n.name AS neighbour, n.type AS type, c.weight AS sentences, c.evidence AS evidence
ORDER BY sentences DESC, neighbour
