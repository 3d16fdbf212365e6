/**
 * An assurance: a statement of intent ("this exercise is not directed at any party"), given
 * alone or attached to one of the party's own notices; acknowledged by the other parties;
 * withdrawn by the giver (the withdrawal stays on the record, as the assurance does).
 */
export const ASSURANCE_STATUSES = ['given', 'acknowledged', 'withdrawn'] as const;
export type AssuranceStatus = (typeof ASSURANCE_STATUSES)[number];

export type AssuranceState = {
  id: string;
  status: AssuranceStatus;
  givenBy: string;
  givenAt: string;
  /** null only when the body was withheld. */
  statement: { [lang: string]: string } | null;
  /** The notice it is attached to, if any. */
  notice: string | null;
  /** Party → when it acknowledged. */
  acknowledgements: { [party: string]: string };
  withdrawn: { at: string; reason?: string } | null;
  lastActivityAt: string;
};
