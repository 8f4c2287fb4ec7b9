import * as fs from "node:fs";
import { riskJsonSchema } from "../src/model/jsonSchema";

export function writeSchema(target: string): void {
  fs.writeFileSync(target, JSON.stringify(riskJsonSchema(), null, 2) + "\n");
}
