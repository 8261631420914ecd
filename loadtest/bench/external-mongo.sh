#!/bin/sh
# Starts a MongoDB wire-protocol server (the engine of Herald's embedded mode, as a separate process)
# for benchmarks on machines without mongod. Usage: loadtest/bench/external-mongo.sh PORT DATA_DIR
# Run from the repository root (it compiles adapters-mongo and what it needs in this reactor: no install).
set -e
port=$1; dir=$2
cp_file=$(mktemp)
# with -am the reactor modules resolve to their build output; adapters-mongo comes last and writes the file last
./mvnw -B -q -o -pl adapters-mongo -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
# C1 only, as the gateway (decision 0005): the stand-in shares the two cores with the gateway and the client
exec java -Xmx1g -XX:TieredStopAtLevel=1 -cp "adapters-mongo/target/classes:$(cat "$cp_file")" loadtest/bench/ExternalMongo.java "$dir" "$port"
