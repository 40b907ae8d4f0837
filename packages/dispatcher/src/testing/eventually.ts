// One polling helper for every package's tests.
export { eventually } from "../../../client/src/testing/eventually";
