echo "written by <username>" > /mnt/mylogs/mine.txt
