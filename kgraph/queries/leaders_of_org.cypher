// Who leads an organization: affiliations whose title is a leading post (书记, 长, 主任, 主席).
// Runs on: Ladybug and Neo4j.
// @param org = "济宁市公共卫生医疗中心"
MATCH (p:Entity)-[r:AFFILIATED_WITH]->(o:Entity)
WHERE (o.name = $org OR $org IN o.aliases)
  AND (r.title CONTAINS '书记' OR r.title CONTAINS '长' OR r.title CONTAINS '主任' OR r.title CONTAINS '主席')
RETURN p.name AS person, r.title AS title
ORDER BY title, person
