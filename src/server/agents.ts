// The analysers, one per document type: what each checks. The core decides the document type
// of a bill; these descriptions and the counters beside them are what /agents reports.
import type { DocumentType, FlagType } from '../domain/analysis.ts';

export interface AgentInfo {
  agent_id: string;
  document_type: DocumentType;
  description: string;
  capabilities: FlagType[];
}

export const AGENTS: readonly AgentInfo[] = [
  {
    agent_id: 'hospital_bill', document_type: 'hospital_bill',
    description: 'In-patient and out-patient hospital bills: rates against CGHS (with the NABH, city-tier and ward adjustments), drugs against NPPA ceilings, IRDAI/CGHS non-payable items, duplicates and arithmetic',
    capabilities: ['overcharge', 'above_ceiling_price', 'duplicate', 'non_payable', 'arithmetic_error', 'total_mismatch'],
  },
  {
    agent_id: 'pharmacy_invoice', document_type: 'pharmacy_invoice',
    description: 'Pharmacy invoices: price per unit against NPPA ceiling prices and the printed MRP, duplicates and arithmetic',
    capabilities: ['above_ceiling_price', 'above_mrp', 'duplicate', 'arithmetic_error', 'total_mismatch'],
  },
  {
    agent_id: 'diagnostic_report', document_type: 'diagnostic_report',
    description: 'Diagnostic centre and laboratory bills: investigations against CGHS rates, duplicates and arithmetic',
    capabilities: ['overcharge', 'duplicate', 'arithmetic_error', 'total_mismatch'],
  },
  {
    agent_id: 'not_a_bill', document_type: 'not_a_bill',
    description: 'Recognises documents that are not bills (prescriptions, discharge summaries…) and says so instead of auditing them',
    capabilities: [],
  },
];
