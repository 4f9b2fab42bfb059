ls -l /tmp
cat /tmp/hello.txt
