/**
 * How a CI type looks on the map: a colour from colour-blind-safe palettes (Paul Tol's "muted"
 * and Okabe–Ito) AND a shape, so that no two types of the default catalogue look alike even to
 * a reader who cannot tell the colours apart. Impact levels use none of these colours: they are
 * drawn as border patterns with their name written out (see LEVEL_STYLES).
 */
export type Shape =
  | "star"
  | "hexagon"
  | "circle"
  | "cylinder"
  | "square"
  | "diamond"
  | "triangle"
  | "triangle-down"
  | "ring"
  | "cross"
  | "pentagon"
  | "bars"
  | "plus"
  | "octagon"
  | "chevron"
  | "dot-square"
  | "half";

export interface TypeStyle {
  readonly colour: string;
  readonly shape: Shape;
  /** Text drawn over the colour: black or white, whichever reads better on it. */
  readonly ink: string;
}

const TYPE_STYLES: Record<string, TypeStyle> = {
  BusinessService: { colour: "#332288", shape: "star", ink: "#fff" },
  ApplicationService: { colour: "#88CCEE", shape: "hexagon", ink: "#000" },
  Application: { colour: "#44AA99", shape: "circle", ink: "#000" },
  Database: { colour: "#117733", shape: "cylinder", ink: "#fff" },
  Server: { colour: "#999933", shape: "square", ink: "#000" },
  VirtualMachine: { colour: "#DDCC77", shape: "diamond", ink: "#000" },
  OperatingSystem: { colour: "#CC6677", shape: "triangle", ink: "#000" },
  Container: { colour: "#882255", shape: "dot-square", ink: "#fff" },
  ContainerImage: { colour: "#AA4499", shape: "triangle-down", ink: "#fff" },
  Cluster: { colour: "#E69F00", shape: "ring", ink: "#000" },
  LoadBalancer: { colour: "#0072B2", shape: "cross", ink: "#fff" },
  NetworkDevice: { colour: "#56B4E9", shape: "pentagon", ink: "#000" },
  Storage: { colour: "#D55E00", shape: "bars", ink: "#000" },
  MessageQueue: { colour: "#F0E442", shape: "chevron", ink: "#000" },
  Middleware: { colour: "#CC79A7", shape: "plus", ink: "#000" },
  Rack: { colour: "#BBBBBB", shape: "octagon", ink: "#000" },
  Datacenter: { colour: "#555555", shape: "half", ink: "#fff" },
};

const SPARE: readonly TypeStyle[] = Object.values(TYPE_STYLES);

/** A type's colour and shape; a type outside the catalogue gets one chosen by its name. */
export function typeStyle(type: string): TypeStyle {
  const known = TYPE_STYLES[type];
  if (known) return known;
  let hash = 0;
  for (const ch of type) hash = (hash * 31 + ch.charCodeAt(0)) % 9973;
  return SPARE[hash % SPARE.length] as TypeStyle;
}

/** The shapes as SVG path data in a 16×16 box. */
export const SHAPE_PATHS: Record<Shape, string> = {
  star: "M8 0.5 L10.2 5.6 L15.6 5.9 L11.4 9.4 L12.8 14.9 L8 11.9 L3.2 14.9 L4.6 9.4 L0.4 5.9 L5.8 5.6 Z",
  hexagon: "M4 1 L12 1 L16 8 L12 15 L4 15 L0 8 Z",
  circle: "M8 1 A7 7 0 1 1 7.99 1 Z",
  cylinder: "M1 3 A7 2.5 0 0 1 15 3 L15 13 A7 2.5 0 0 1 1 13 Z",
  square: "M1.5 1.5 H14.5 V14.5 H1.5 Z",
  diamond: "M8 0 L16 8 L8 16 L0 8 Z",
  triangle: "M8 1 L15.5 15 L0.5 15 Z",
  "triangle-down": "M0.5 1 L15.5 1 L8 15 Z",
  ring: "M8 0.5 A7.5 7.5 0 1 1 7.99 0.5 Z M8 4.5 A3.5 3.5 0 1 0 8.01 4.5 Z",
  cross: "M5 0 H11 V5 H16 V11 H11 V16 H5 V11 H0 V5 H5 Z",
  pentagon: "M8 0.5 L15.5 6 L12.7 15 L3.3 15 L0.5 6 Z",
  bars: "M1 1 H15 V4.5 H1 Z M1 6.25 H15 V9.75 H1 Z M1 11.5 H15 V15 H1 Z",
  plus: "M6.5 0 H9.5 V6.5 H16 V9.5 H9.5 V16 H6.5 V9.5 H0 V6.5 H6.5 Z",
  octagon: "M5 0.5 H11 L15.5 5 V11 L11 15.5 H5 L0.5 11 V5 Z",
  chevron: "M0 2 L8 8 L0 14 L0 10 L3.5 8 L0 6 Z M7 2 L15 8 L7 14 L7 10 L10.5 8 L7 6 Z",
  "dot-square": "M1 1 H15 V15 H1 Z M8 5 A3 3 0 1 0 8.01 5 Z",
  half: "M8 0.5 A7.5 7.5 0 0 1 8 15.5 Z M8 0.5 A7.5 7.5 0 0 0 8 15.5 L8 13.5 A5.5 5.5 0 0 1 8 2.5 Z",
};

/** Impact levels: a border pattern and the level's name, never a type's colour. */
export const LEVEL_STYLES: Record<string, { dash: string; width: number; label: string }> = {
  DOWN: { dash: "", width: 4, label: "DOWN" },
  DEGRADED: { dash: "8 4", width: 3, label: "DEGRADED" },
  AT_RISK: { dash: "2 3", width: 3, label: "AT RISK" },
};
