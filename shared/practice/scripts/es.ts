import { kp, type PracticeScript } from '../scenarios';

/**
 * Practice in Spanish. The matcher drops articles and possessives and agrees plurals and a
 * verb's gerund and participles, but not its other persons or tenses ("esperé", "esperaste"):
 * those are listed as cues of their own. The practice partner speaks without marking its gender
 * ("me sentí en ridículo", not "ridícula"), so any person can take its words back.
 */
export const SPANISH_SCRIPT: PracticeScript = {
  locale: 'es',
  mirrorOpeners: [
    'lo que he oido', 'lo que oi', 'he oido', 'oi que', 'lo que escuche', 'lo que he escuchado', 'he escuchado', 'escuche que',
    'me dices', 'dices que', 'has dicho', 'me has dicho', 'lo que entiendo', 'lo que he entendido', 'he entendido', 'si te entiendo bien', 'parece que',
  ],
  partner: {
    mirror: (heard) => `Lo que he oído es: ${heard}`,
    validate: 'Lo que dices tiene sentido para mí, porque lo que cuentas le pesaría a cualquiera.',
    empathize: 'Me imagino que quizá sientes cansancio y ganas de que te entiendan.',
  },
  scenarios: [
    {
      id: 'lateness',
      title: 'Otra vez tarde',
      setting: 'Anoche llegaste una hora tarde a cenar con tu pareja, sin avisar.',
      rounds: [
        {
          text: 'Anoche esperé una hora en el restaurante y me sentí en ridículo allí, sin nadie.',
          keyPoints: [
            kp('waited', 'que esperó una hora', 'esperé', 'esperaste', 'esperó', 'esperar', 'espera', 'hora'),
            kp('foolish', 'que se sintió en ridículo', 'ridículo', 'ridícula', 'vergüenza', 'tonto', 'tonta', 'avergonzado', 'avergonzada'),
            kp('alone', 'que estaba sin nadie', 'sin nadie', 'solo', 'sola', 'soledad'),
          ],
          clarification: 'No del todo. Fue la espera, y sentirme en ridículo allí, sin nadie.',
        },
        {
          text: 'Lo que necesito es un mensaje cuando llegas tarde, aunque sea corto.',
          keyPoints: [
            kp('message', 'que necesita un mensaje', 'mensaje', 'avisar', 'avises', 'aviso', 'llamada', 'llamar', 'llames'),
            kp('late', 'cuando llegas tarde', 'tarde', 'retraso'),
          ],
          clarification: 'Casi. Te pido un mensaje, el que sea, cuando llegas tarde.',
        },
      ],
      yourTurnPrompt: 'Di qué hizo difícil la noche de ayer para ti, con «Me siento … cuando … porque … necesito …».',
    },
    {
      id: 'phones',
      title: 'El móvil en la cena',
      setting: 'Tu pareja siente que pasas la cena mirando el móvil.',
      rounds: [
        {
          text: 'Cuando miras el móvil durante la cena, siento que soy menos interesante que la pantalla.',
          keyPoints: [
            kp('phone', 'el móvil en la cena', 'móvil', 'teléfono', 'celular', 'pantalla'),
            kp('dinner', 'que es en la cena', 'cena', 'cenar', 'cenamos', 'comida', 'comer', 'comemos'),
            kp('less', 'que se siente menos interesante', 'interesante', 'menos', 'importante', 'ignoras', 'ignorar', 'ignorado', 'ignorada'),
          ],
          clarification: 'No del todo. Es que me siento menos interesante que la pantalla, en la cena.',
        },
        {
          text: 'La cena es el único momento de la semana en que de verdad hablamos.',
          keyPoints: [
            kp('only', 'que es el único momento', 'único', 'única', 'solo momento'),
            kp('talk', 'que es cuando habláis', 'hablamos', 'hablar', 'habláis', 'conversación', 'charlar', 'charlamos'),
          ],
          clarification: 'Casi. La cena es el único momento de la semana en que hablamos de verdad.',
        },
      ],
      yourTurnPrompt: 'Di qué significa para ti el móvil en ese momento, sin defenderte todavía.',
    },
    {
      id: 'money',
      title: 'Una compra grande',
      setting: 'Te compraste una bicicleta nueva sin hablarlo antes.',
      rounds: [
        {
          text: 'Me asusté al ver el extracto del banco, porque habíamos acordado ahorrar para la mudanza.',
          keyPoints: [
            kp('scared', 'que se asustó', 'asusté', 'asustaste', 'asustó', 'asustar', 'susto', 'miedo', 'preocupó', 'preocupación'),
            kp('statement', 'el extracto del banco', 'extracto', 'banco', 'cuenta'),
            kp('save', 'el acuerdo de ahorrar para la mudanza', 'ahorrar', 'ahorro', 'mudanza', 'acordado', 'acuerdo'),
          ],
          clarification: 'No del todo. Me asusté al ver el extracto del banco, porque habíamos acordado ahorrar para la mudanza.',
        },
        {
          text: 'Me gustaría que lo habláramos antes de que cualquiera de los dos gaste más de doscientos.',
          keyPoints: [
            kp('talk', 'hablarlo antes', 'habláramos', 'hablar', 'hablemos', 'hablarlo', 'consultar', 'preguntar', 'antes'),
            kp('limit', 'el límite de doscientos', 'doscientos', '200', 'límite', 'cantidad'),
          ],
          clarification: 'Casi. Hablarlo antes, para cualquier gasto de más de doscientos.',
        },
      ],
      yourTurnPrompt: 'Di qué significó para ti la compra y qué necesitas con el dinero.',
    },
    {
      id: 'chores',
      title: 'Quién hace las tareas',
      setting: 'Tu pareja siente que casi todo el trabajo de casa recae en ella.',
      rounds: [
        {
          text: 'Siento cansancio y me siento invisible cuando friego los platos y pongo la lavadora cada noche.',
          keyPoints: [
            kp('tired', 'que siente cansancio', 'cansancio', 'cansado', 'cansada', 'agotado', 'agotada', 'agotamiento'),
            kp('unseen', 'que se siente invisible', 'invisible', 'nadie me ve', 'no me ves', 'valoras', 'valorar', 'reconoces', 'reconocimiento'),
            kp('chores', 'los platos y la lavadora', 'platos', 'lavadora', 'colada', 'tareas', 'casa'),
          ],
          clarification: 'No del todo. Cansancio, sí, y también sentirme invisible, con los platos y la lavadora.',
        },
        {
          text: 'Necesito que nos repartamos las noches, para poder descansar yo también.',
          keyPoints: [
            kp('split', 'repartir las noches', 'repartamos', 'repartir', 'repartirnos', 'reparto', 'turnos', 'turnarnos', 'mitad', 'compartir'),
            kp('rest', 'que necesita descansar', 'descansar', 'descanso', 'descanse', 'respiro'),
          ],
          clarification: 'Casi. Repartir las noches, para poder descansar yo también.',
        },
      ],
      yourTurnPrompt: 'Di cómo se viven las noches desde tu lado, con «Me siento … cuando …».',
    },
    {
      id: 'family',
      title: 'Las fiestas en familia',
      setting: 'Tu pareja no quiere pasar todas las fiestas con tu familia.',
      rounds: [
        {
          text: 'Me siento como una visita en mis propias fiestas cuando vamos siempre a casa de tus padres.',
          keyPoints: [
            kp('guest', 'que se siente como una visita', 'visita', 'invitado', 'invitada', 'extraño', 'extraña', 'fuera de lugar'),
            kp('holidays', 'las fiestas', 'fiestas', 'navidad', 'vacaciones'),
            kp('parents', 'ir a casa de tus padres', 'padres', 'familia', 'madre', 'padre', 'suegros'),
          ],
          clarification: 'No del todo. Como una visita en mis propias fiestas, en casa de tus padres.',
        },
        {
          text: 'Me encantaría tener unas fiestas cada año que organicemos solo para nosotros.',
          keyPoints: [
            kp('one', 'unas fiestas cada año', 'año', 'anual'),
            kp('us', 'organizadas solo para los dos', 'nosotros', 'los dos', 'juntos', 'solos'),
          ],
          clarification: 'Casi. Unas fiestas cada año, organizadas solo para nosotros.',
        },
      ],
      yourTurnPrompt: 'Di qué significan para ti las fiestas en familia y qué temes perder.',
    },
    {
      id: 'promise',
      title: 'Una promesa rota',
      setting: 'Prometiste ir al concierto de tu pareja y faltaste por trabajo.',
      rounds: [
        {
          text: 'Te busqué entre el público y no estabas, después de haberlo prometido.',
          keyPoints: [
            kp('looked', 'que te buscó', 'busqué', 'buscaste', 'buscó', 'buscar', 'público'),
            kp('absent', 'que no estabas', 'no estabas', 'no estaba', 'faltaste', 'faltar', 'ausente', 'vacío'),
            kp('promise', 'que lo habías prometido', 'prometido', 'prometiste', 'promesa', 'prometer', 'prometerlo'),
          ],
          clarification: 'No del todo. Te busqué, y no estabas, después de prometerlo.',
        },
        {
          text: 'Me hizo preguntarme si mis cosas te importan.',
          keyPoints: [
            kp('wonder', 'que se preguntó', 'preguntarme', 'pregunté', 'preguntaste', 'dudar', 'duda', 'dudé'),
            kp('matter', 'si sus cosas te importan', 'importan', 'importa', 'importar', 'importante', 'importancia'),
          ],
          clarification: 'Casi. Me pregunté si lo que me importa a mí te importa a ti.',
        },
      ],
      yourTurnPrompt: 'Reconoce lo que pasó y di cómo fue para ti, sin excusas primero.',
    },
  ],
};

/** What `$practiceScript` gives the Spanish build (vite.config.ts). */
export default SPANISH_SCRIPT;
