{
  "extends": "@x/tsconfig/library.json"
}
