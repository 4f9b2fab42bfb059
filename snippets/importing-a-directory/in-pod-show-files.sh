ls -l /tmp/myconfig
cat /tmp/myconfig/hello.txt /tmp/myconfig/world.txt
