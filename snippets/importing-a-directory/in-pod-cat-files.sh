cat /tmp/myconfig/hello.txt /tmp/myconfig/world.txt
