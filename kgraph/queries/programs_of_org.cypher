// Programs an organization runs or takes part in: programs co-mentioned with it.
// Runs on: Ladybug and Neo4j.
// @param org = "济宁市第二人民医院"
MATCH (o:Entity)-[c:CO_MENTIONED]-(p:Entity)
WHERE p.type = 'PROGRAM' AND (o.name = $org OR $org IN o.aliases)
RETURN p.name AS program, c.weight AS sentences, c.evidence AS evidence
ORDER BY sentences DESC, program
