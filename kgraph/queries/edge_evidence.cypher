// Evidence for one edge: every stored relation between two entities, with its sentences.
// Runs on: Ladybug and Neo4j (one UNION branch per relation type: the engines name a
// relationship's type with different functions).
// @param a = "济宁市公共卫生医疗中心"
// @param b = "市卫健委"
MATCH (x:Entity)-[r:CO_MENTIONED]-(y:Entity)
WHERE (x.name = $a OR $a IN x.aliases) AND (y.name = $b OR $b IN y.aliases)
RETURN 'CO_MENTIONED' AS relation, r.weight AS weight, r.evidence AS evidence
UNION ALL
MATCH (x:Entity)-[r:AFFILIATED_WITH]-(y:Entity)
WHERE (x.name = $a OR $a IN x.aliases) AND (y.name = $b OR $b IN y.aliases)
RETURN 'AFFILIATED_WITH' AS relation, r.weight AS weight, r.evidence AS evidence
UNION ALL
MATCH (x:Entity)-[r:PART_OF]-(y:Entity)
WHERE (x.name = $a OR $a IN x.aliases) AND (y.name = $b OR $b IN y.aliases)
RETURN 'PART_OF' AS relation, r.weight AS weight, r.evidence AS evidence
UNION ALL
MATCH (x:Entity)-[r:LOCATED_IN]-(y:Entity)
WHERE (x.name = $a OR $a IN x.aliases) AND (y.name = $b OR $b IN y.aliases)
RETURN 'LOCATED_IN' AS relation, r.weight AS weight, r.evidence AS evidence
