echo "Hello from <username>" > hello.txt
