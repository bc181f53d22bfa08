/**
 * A small estate with known answers:
 *
 *   bs-shop (crit 1) ─DEPENDS_ON→ app-web ─DEPENDS_ON→ db-orders ─RUNS_ON→ vm-db ─HOSTED_ON→ host-b
 *   bs-report (crit 3) ─DEPENDS_ON→ app-report ─DEPENDS_ON→ db-orders
 *   app-web ─RUNS_ON→ cl-web (Cluster, minimumMembers 2) ←MEMBER_OF─ vm-1, vm-2, vm-3
 *   vm-1, vm-2 ─HOSTED_ON→ host-a;  vm-3 ─HOSTED_ON→ host-b;  os-a ─INSTALLED_ON→ host-a
 *   app-a ─CONSUMES→ app-b ─CONSUMES→ app-a  (a cycle)
 */
export const IMPACT_ESTATE = {
  configurationItems: [
    { key: "bs-shop", name: "Web shop", type: "BusinessService", criticality: 1 },
    { key: "bs-report", name: "Reporting", type: "BusinessService", criticality: 3 },
    { key: "app-web", name: "Web app", type: "Application" },
    { key: "app-report", name: "Report app", type: "Application" },
    { key: "db-orders", name: "Orders DB", type: "Database" },
    { key: "vm-db", name: "DB VM", type: "VirtualMachine" },
    { key: "cl-web", name: "Web cluster", type: "Cluster", attributes: { minimumMembers: 2 } },
    { key: "vm-1", name: "VM 1", type: "VirtualMachine" },
    { key: "vm-2", name: "VM 2", type: "VirtualMachine" },
    { key: "vm-3", name: "VM 3", type: "VirtualMachine" },
    { key: "host-a", name: "Host A", type: "Server" },
    { key: "host-b", name: "Host B", type: "Server" },
    { key: "os-a", name: "OS on host A", type: "OperatingSystem" },
    { key: "app-a", name: "App A", type: "Application" },
    { key: "app-b", name: "App B", type: "Application" },
  ],
  relationships: [
    { from: "bs-shop", to: "app-web", type: "DEPENDS_ON" },
    { from: "bs-report", to: "app-report", type: "DEPENDS_ON" },
    { from: "app-web", to: "db-orders", type: "DEPENDS_ON" },
    { from: "app-report", to: "db-orders", type: "DEPENDS_ON" },
    { from: "db-orders", to: "vm-db", type: "RUNS_ON" },
    { from: "vm-db", to: "host-b", type: "HOSTED_ON" },
    { from: "app-web", to: "cl-web", type: "RUNS_ON" },
    { from: "vm-1", to: "cl-web", type: "MEMBER_OF" },
    { from: "vm-2", to: "cl-web", type: "MEMBER_OF" },
    { from: "vm-3", to: "cl-web", type: "MEMBER_OF" },
    { from: "vm-1", to: "host-a", type: "HOSTED_ON" },
    { from: "vm-2", to: "host-a", type: "HOSTED_ON" },
    { from: "vm-3", to: "host-b", type: "HOSTED_ON" },
    { from: "os-a", to: "host-a", type: "INSTALLED_ON" },
    { from: "app-a", to: "app-b", type: "CONSUMES" },
    { from: "app-b", to: "app-a", type: "CONSUMES" },
  ],
};
