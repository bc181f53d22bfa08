// Stylesheets imported for their effect: esbuild bundles them into graphiql.css.
declare module "*.css";
