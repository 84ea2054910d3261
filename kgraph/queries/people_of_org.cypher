// People of an organization: explicit affiliations (with titles) stated in the text.
// Runs on: Ladybug and Neo4j.
// @param org = "济宁市公共卫生医疗中心"
MATCH (p:Entity)-[r:AFFILIATED_WITH]->(o:Entity)
WHERE p.type = 'PERSON' AND (o.name = $org OR $org IN o.aliases)
RETURN p.name AS person, r.title AS title, o.name AS organization, r.evidence AS evidence
ORDER BY person
