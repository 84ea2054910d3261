// Organizations of a city or other place (LOCATED_IN, read from their names).
// Runs on: Ladybug and Neo4j.
// @param place = "济宁市"
MATCH (o:Entity)-[:LOCATED_IN]->(p:Entity)
WHERE p.name = $place OR $place IN p.aliases
RETURN o.name AS organization, o.mentions AS mentions
ORDER BY mentions DESC, organization
