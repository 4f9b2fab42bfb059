echo "Updated by <username>" >> world.txt
