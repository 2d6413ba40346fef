from dabir.cli import main

main()
