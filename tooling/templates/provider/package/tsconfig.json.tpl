{
  "extends": "@x/tsconfig/base.json",
  "compilerOptions": { "noEmit": true },
  "include": ["src", "test", "bench", "*.ts"]
}
