import js from "@eslint/js";
import tseslint from "typescript-eslint";

// `import { z } from "zod"` binds zod's namespace object, which holds every locale: 550 kB
// more in each bundle and ~15 ms more start-up for the CLI. `import * as z` is shaken to what
// is used.
const zodNamespace = {
  selector: "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier, ImportDefaultSpecifier)",
  message: 'Use `import * as z from "zod"`: the z object keeps every locale in the bundle.',
};
const vscodeOutsideExtension = { name: "vscode", message: "Only src/extension and test/host may import vscode." };

export default tseslint.config(
  { ignores: ["dist/**", "out/**", ".vscode-test/**", "node_modules/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-restricted-imports": ["error", { paths: [vscodeOutsideExtension] }],
      "no-restricted-syntax": ["error", zodNamespace],
    },
  },
  { files: ["src/extension/**", "test/host/**"], rules: { "no-restricted-imports": "off" } },
  { files: ["esbuild.js"], languageOptions: { globals: { require: "readonly", process: "readonly", console: "readonly", __dirname: "readonly" } }, rules: { "@typescript-eslint/no-require-imports": "off" } },
);
