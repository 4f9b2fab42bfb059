echo "World from <username>" > world.txt
