// The eight polarità of co-design (seed 002), as the server launches them
// (Sources/TavoloDomain/Facilitation/Polarities.swift; tests/cockpit-model.test.js keeps the two
// equal). The facilitator picks one before launching it, so the browser needs the two statements
// before the poll exists. Content of the training material: Italian in every interface language.

export const POLARITIES = Object.freeze([
  {
    question: 'Polarità 1 – Consolidamento e innovazione. La coprogettazione deve:',
    options: [
      'Oltre a proporre interventi innovativi, comprendere e rimettere in gioco anche i servizi consolidati (residenziali, domiciliari, diurni, ecc.)',
      'Concentrarsi solo su servizi prima non esistenti, ulteriori e complementari a quelli consolidati',
    ],
  },
  {
    question: 'Polarità 2 – Singolare o plurale. La coprogettazione è finalizzata a:',
    options: ['Unire le risorse del territorio', 'Distinguere per valorizzare i soggetti più competenti'],
  },
  {
    question: 'Polarità 3 – Collaborazione o competizione. Al momento della selezione delle proposte progettuali è meglio se:',
    options: [
      'La PA recepisce una sola proposta, la migliore, che sviluppa insieme al soggetto selezionato',
      'La PA fa convergere diverse proposte anche di soggetti molto diversi in un unico processo di coprogettazione',
    ],
  },
  {
    question: 'Polarità 4 – Cogestione o delega. La fase di realizzazione dei progetti coprogettati funziona meglio se:',
    options: [
      'PA e terzo settore collaborano strettamente e mantengono una corresponsabilità anche sugli aspetti operativi',
      'La PA delinea le finalità, coordina i tavoli e verifica; gli aspetti operativi sono affidati agli enti del terzo settore',
    ],
  },
  {
    question: 'Polarità 5 – Politica o tecnica. La coprogettazione ha principalmente:',
    options: [
      "Un'impronta politica: si coprogetta perché va riconosciuto il ruolo del terzo settore nel generare benessere per la comunità",
      "Un'impronta tecnica: si coprogetta perché gli interventi che ne scaturiscono sono di maggiore qualità, più flessibili, ecc.",
    ],
  },
  {
    question: 'Polarità 6 – Partnership paritaria o asimmetrica. Nella definizione di ruoli e responsabilità:',
    options: ['La partnership è paritaria', 'La PA deve mantenere un ruolo di guida e orientamento dei tavoli'],
  },
  {
    question: 'Polarità 7 – Come aumentare le risorse. La strategia migliore per aumentare le risorse dedicate al progetto è:',
    options: [
      "Richiedere ai coprogettanti di co-finanziare l'intervento",
      "Studiare insieme strategie per recuperare, con l'impegno di tutti, ulteriori risorse",
    ],
  },
  {
    question: "Polarità 8 – L'investimento sulla coprogettazione. Nella coprogettazione:",
    options: [
      'La partecipazione ai tavoli deve essere un investimento che il terzo settore fa con risorse proprie',
      'Come i soggetti pubblici hanno ore di lavoro pagate per stare ai tavoli, è giusto che ce le abbia anche il terzo settore',
    ],
  },
].map((p, i) => Object.freeze({
  number: i + 1,
  // "Consolidamento e innovazione": the name between the number and the first full stop.
  title: p.question.replace(/^Polarità \d+ – /, '').replace(/\..*$/, ''),
  question: p.question,
  options: Object.freeze(p.options),
})));
