echo "Changed inside the pod" >> /tmp/hello.txt
